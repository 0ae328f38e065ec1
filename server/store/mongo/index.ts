export { redactMongoUrl } from "./redact.ts";
export { databaseName, MongoStore, type MongoStoreOptions, openMongoStore } from "./store.ts";
