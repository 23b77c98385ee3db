export * from "./postings";
