// Build step: writes the migrated, empty PGlite data directory that a first start loads instead of running initdb,
// and a second one with the demo seeded, which a first start on an empty data directory loads instead of seeding.
import { writePgliteTemplate } from "@kitflow/db";
import { type DemoTemplateNote, seedForTemplate, writeNote } from "./seed/template";

const [file, demoFile] = process.argv.slice(2);
if (!file || !demoFile) throw new Error("usage: store-template-cli <empty template> <demo template>");
await writePgliteTemplate(file);
let note: DemoTemplateNote | undefined;
await writePgliteTemplate(demoFile, async (db) => {
  note = await seedForTemplate(db, new Date());
});
if (!note) throw new Error("the demo template was written without its note");
writeNote(demoFile, note);
