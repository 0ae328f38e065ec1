/**
 * Loaded before every test file (.mocharc.json): the test process's clients use the `ws`
 * package as their WebSocket on every Node. Node 22+ has a global WebSocket, which the
 * Colyseus SDK would pick, and it cannot drop a socket without a close frame (no
 * terminate()); the reconnection tests need exactly that, as a network drop looks. The
 * server under test is unaffected: it runs in its own process.
 */
import WebSocket from "ws";

(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
