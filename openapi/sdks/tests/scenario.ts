// One user journey through the generated TypeScript SDK (openapi-fetch), against a
// running server: `SB_BASE`, `SB_EMAIL`, `SB_PASSWORD`, `SB_APP` (an API-key app
// whose upstream echoes requests) come from tests/run.py.
import assert from "node:assert/strict";
import { switchboard, type components } from "../typescript/src/index.ts";

type Connection = components["schemas"]["Connection"];

const base = process.env.SB_BASE!;
const email = process.env.SB_EMAIL!;
const password = process.env.SB_PASSWORD!;
const app = process.env.SB_APP!;

const anonymous = switchboard(base);
const login = await anonymous.POST("/api/v1/auth/login", { body: { email, password } });
assert.equal(login.response.status, 200, JSON.stringify(login.error));
const sb = switchboard(base, login.data!.access_token);

const apps = await sb.GET("/api/v1/apps");
assert.ok(apps.data!.items.some((a) => a.slug === app), "the app is listed");

async function create(name: string, token: string): Promise<Connection> {
  const r = await sb.POST("/api/v1/connections", { body: { app, name, fields: { api_token: token } } });
  assert.equal(r.response.status, 201, JSON.stringify(r.error));
  return r.data!;
}
const first = await create("Team", "good-team");
const sales = await create("Sales", "good-sales");
assert.equal(first.name, "Default", "the first connection of an app is Default");

const found = await sb.GET("/api/v1/connections", { params: { query: { q: "sales" } } });
assert.deepEqual(found.data!.items.map((c) => c.id).slice(0, 1), [sales.id]);

for (let i = 0; i < 118; i++) {
  const r = await sb.POST("/api/v1/connections", { body: { app, name: `Bulk ${i}`, fields: { api_token: "good-bulk" }, test: false } });
  assert.equal(r.response.status, 201, JSON.stringify(r.error));
}
const seen = new Set<string>();
let cursor: string | undefined;
let pages = 0;
do {
  const page = await sb.GET("/api/v1/connections", { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } });
  assert.equal(page.response.status, 200, JSON.stringify(page.error));
  page.data!.items.forEach((c) => seen.add(c.id));
  cursor = page.data!.next_cursor ?? undefined;
  pages++;
} while (cursor);
assert.equal(seen.size, 120);
assert.equal(pages, 3);

const read = await sb.GET("/api/v1/connections/{id}", { params: { path: { id: sales.id } } });
const etag = read.response.headers.get("etag")!;
const patched = await sb.PATCH("/api/v1/connections/{id}", {
  params: { path: { id: sales.id }, header: { "If-Match": etag } },
  body: { notes: "Quarterly exports" },
});
assert.equal(patched.response.status, 200, JSON.stringify(patched.error));
assert.equal(patched.data!.notes, "Quarterly exports");
const stale = await sb.PATCH("/api/v1/connections/{id}", {
  params: { path: { id: sales.id }, header: { "If-Match": etag } },
  body: { notes: "late" },
});
assert.equal(stale.response.status, 412);
assert.equal(stale.error!.code, "version_mismatch");

const revealed = await sb.POST("/api/v1/connections/{id}/reveal", { params: { path: { id: sales.id } }, body: { password } });
assert.equal(revealed.data!.fields.api_token, "good-sales");

const key = await sb.POST("/api/v1/api-keys", { body: { name: "sdk", scopes: ["proxy"], current_password: password } });
assert.equal(key.response.status, 201, JSON.stringify(key.error));
const machine = switchboard(base, key.data!.key);
const proxied = await machine.POST("/api/v1/connections/{id}/proxy/{path}", {
  params: { path: { id: sales.id, path: "v1/items/42" } },
  body: JSON.stringify({ hello: "world" }),
  bodySerializer: (b: string | undefined) => b ?? "",
  headers: { "Content-Type": "application/json" },
  parseAs: "json",
});
assert.equal(proxied.response.status, 200);
assert.deepEqual(proxied.data, { method: "POST", path: "/v1/items/42", body: { hello: "world" } });

const audit = await sb.GET("/api/v1/audit", { params: { query: { connection_id: sales.id } } });
assert.ok(audit.data!.items.some((e) => e.action === "connection.reveal"), "the reveal is audited");

const automation = await sb.POST("/api/v1/automations", { body: { name: "Nightly sync", connection_ids: [sales.id] } });
assert.equal(automation.response.status, 201, JSON.stringify(automation.error));
const refused = await sb.DELETE("/api/v1/connections/{id}", { params: { path: { id: sales.id } } });
assert.equal(refused.response.status, 409);
assert.equal(refused.error!.code, "connection_in_use");
const deleted = await sb.DELETE("/api/v1/connections/{id}", { params: { path: { id: sales.id }, query: { force: true } } });
assert.equal(deleted.response.status, 200, JSON.stringify(deleted.error));
assert.equal(deleted.data!.paused_automations.length, 1);
console.log("typescript sdk: scenario passed");
