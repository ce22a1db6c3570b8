import { benchIsolation } from "./sections/isolation";
benchIsolation().then((r) => { console.log(r.markdown); console.log(r.runaway); console.log("startup", r.startup); });
