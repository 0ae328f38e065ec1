/**
 * The parts of the mongo engine that need no mongod: URL redaction, error mapping, CMAP
 * pool accounting, and a clear failure when the server cannot be reached.
 */
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { BSON, type MongoClient, MongoNetworkError, MongoServerError } from "mongodb";
import pino from "pino";
import { DuplicateKeyError, StoreUnavailableError } from "../../server/store/errors.ts";
import { mapMongoError } from "../../server/store/mongo/mongo-errors.ts";
import { PoolMonitor } from "../../server/store/mongo/pool.ts";
import { redactMongoUrl, scrubSecret } from "../../server/store/mongo/redact.ts";
import { databaseName, openMongoStore } from "../../server/store/mongo/store.ts";
import { decodeRead } from "../../server/store/mongo/codec.ts";
import { silentLogger } from "./harness.ts";

describe("mongo engine without a server", () => {
  describe("reads: BSON Binary back to Uint8Array", () => {
    it("[BV11] generic Binaries anywhere in a read document become plain Uint8Array copies; Dates stay Dates", () => {
      const written = {
        _id: "x",
        bytes: new Uint8Array([1, 2]),
        nested: { list: [Buffer.from([3]), { deep: new Uint8Array([4]) }] },
        at: new Date(7),
        uuid: new BSON.Binary(new Uint8Array(16), BSON.Binary.SUBTYPE_UUID),
      };
      // What the driver hands back: BSON deserialized with its default options.
      const read = decodeRead(BSON.deserialize(BSON.serialize(written)));
      const plain = (v: unknown, bytes: number[]) => {
        assert.equal(Object.getPrototypeOf(v), Uint8Array.prototype);
        assert.deepEqual([...(v as Uint8Array)], bytes);
      };
      plain(read.bytes, [1, 2]);
      plain(read.nested.list[0], [3]);
      plain(read.nested.list[1].deep, [4]);
      assert.ok(read.at instanceof Date && read.at.getTime() === 7);
      assert.ok(read.uuid instanceof BSON.Binary, "other Binary subtypes are left alone");
      assert.equal(decodeRead(null), null);
    });
  });

  describe("redactMongoUrl", () => {
    const cases: [string, string][] = [
      ["mongodb://localhost:27017/neospace", "mongodb://localhost:27017/neospace"],
      ["mongodb://app:s3cret@db1:27017/neospace", "mongodb://app:***@db1:27017/neospace"],
      ["mongodb+srv://app:s3cret@cluster0.example.net/ns?retryWrites=true", "mongodb+srv://app:***@cluster0.example.net/ns?retryWrites=true"],
      ["mongodb://app:p%40ss@h1:1,h2:2,h3:3/ns?replicaSet=rs0", "mongodb://app:***@h1:1,h2:2,h3:3/ns?replicaSet=rs0"],
      ["mongodb://app:p@ss/w:rd@h1/ns", "mongodb://app:***@h1/ns"],
      ["mongodb://onlyuser@h1/ns", "mongodb://onlyuser@h1/ns"],
      [
        "mongodb://h1/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:abc&tlsCertificateKeyFilePassword=pw",
        "mongodb://h1/?authMechanism=MONGODB-AWS&authMechanismProperties=***&tlsCertificateKeyFilePassword=***",
      ],
      ["not a url with password hunter2", "***"],
    ];
    for (const [input, expected] of cases) {
      it(`${input} → ${expected}`, () => assert.equal(redactMongoUrl(input), expected));
    }

    it("scrubSecret removes the raw and the decoded password from free text", () => {
      const url = "mongodb://app:p%40ss@h1/ns";
      const text = `failed on ${url} with p@ss and p%40ss`;
      const out = scrubSecret(text, url);
      assert.ok(!out.includes("p@ss") && !out.includes("p%40ss"), out);
      assert.ok(out.includes("mongodb://app:***@h1/ns"), out);
    });
  });

  it("databaseName reads the URL path, defaulting to neospace", () => {
    assert.equal(databaseName("mongodb://h1:27017/social?replicaSet=rs0"), "social");
    assert.equal(databaseName("mongodb://u:p/w@h1/"), "neospace");
    assert.equal(databaseName("mongodb+srv://cluster0.example.net"), "neospace");
  });

  it("openMongoStore to an unreachable server rejects with StoreUnavailableError, password masked", async () => {
    const url = "mongodb://app:hunter2@127.0.0.1:9/neospace?directConnection=true";
    const started = Date.now();
    const err = await openMongoStore({ url, logger: silentLogger, serverSelectionTimeoutMS: 300 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof StoreUnavailableError, String(err));
    assert.ok(err.message.includes("mongodb://app:***@127.0.0.1:9/neospace"), err.message);
    assert.ok(!err.message.includes("hunter2"), err.message);
    assert.ok(!JSON.stringify(err, Object.getOwnPropertyNames(err)).includes("hunter2"));
    assert.ok(Date.now() - started < 5_000);
  });

  it("maps E11000 to DuplicateKeyError with the index name, network errors to StoreUnavailableError", () => {
    const dup = new MongoServerError({
      message: 'E11000 duplicate key error collection: ns.users index: usernameKey_1 dup key: { usernameKey: "ada" }',
      code: 11000,
    });
    const mapped = mapMongoError(dup, "mongodb://h1/ns");
    assert.ok(mapped instanceof DuplicateKeyError);
    assert.equal(mapped.index, "usernameKey_1");
    const down = mapMongoError(new MongoNetworkError("connection reset"), "mongodb://h1/ns");
    assert.ok(down instanceof StoreUnavailableError);
    assert.match(down.message, /mongodb:\/\/h1\/ns/);
    const other = new Error("boom");
    assert.equal(mapMongoError(other, "x"), other);
  });

  it("PoolMonitor counts CMAP events and warns on exhaustion and pool clears", () => {
    const lines: { level: number; msg: string }[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const monitor = new PoolMonitor(pino({ level: "debug" }, sink));
    const client = new EventEmitter();
    monitor.attach(client as unknown as MongoClient);
    const address = "db1:27017";
    for (let i = 0; i < 3; i++) client.emit("connectionCheckOutStarted", { address });
    client.emit("connectionCheckedOut", { address, durationMS: 2, connectionId: 1 });
    client.emit("connectionCheckedOut", { address, durationMS: 40, connectionId: 2 });
    assert.deepEqual(monitor.snapshot(), { inUse: 2, waiting: 1, checkoutFailures: 0, waitP99Ms: 40, poolCleared: 0 });
    client.emit("connectionCheckOutFailed", { address, reason: "timeout", durationMS: 500 });
    client.emit("connectionCheckedIn", { address, connectionId: 1 });
    client.emit("connectionPoolCleared", { address });
    client.emit("connectionClosed", { address, connectionId: 2, reason: "error" });
    assert.deepEqual(monitor.snapshot(), { inUse: 1, waiting: 0, checkoutFailures: 1, waitP99Ms: 500, poolCleared: 1 });
    const warnings = lines.filter((l) => l.level === 40).map((l) => l.msg);
    assert.ok(warnings.some((m) => /exhausted/.test(m)), warnings.join("; "));
    assert.ok(warnings.some((m) => /pool cleared/.test(m)), warnings.join("; "));
  });
});
