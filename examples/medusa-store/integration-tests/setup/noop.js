// Run by `medusa exec` in the start-up test: booting the app is the whole test.
exports.default = async function noop() {};
