import type { RegionKey } from "./seed/regions";

/** A plausible address in each seeded region (shipping options only serve its countries). */
export const ADDRESSES: Record<RegionKey, Record<string, string>> = {
  eu: {
    first_name: "Ada",
    last_name: "Lovelace",
    address_1: "Unter den Linden 1",
    city: "Berlin",
    postal_code: "10117",
    country_code: "de",
    phone: "+49 30 123456",
  },
  at: {
    first_name: "Kurt",
    last_name: "Gödel",
    address_1: "Ringstraße 5",
    city: "Wien",
    postal_code: "1010",
    country_code: "at",
    phone: "+43 1 123456",
  },
  jp: {
    first_name: "Hanako",
    last_name: "Yamada",
    address_1: "1-1 Chiyoda",
    city: "Tokyo",
    postal_code: "100-0001",
    province: "Tokyo",
    country_code: "jp",
    phone: "+81 3 1234 5678",
  },
};
