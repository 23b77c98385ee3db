// Build step: writes the migrated, empty PGlite data directory that a first start loads instead of running initdb.
import { writePgliteTemplate } from "@kitflow/db";

const file = process.argv[2];
if (!file) throw new Error("usage: store-template-cli <file>");
await writePgliteTemplate(file);
