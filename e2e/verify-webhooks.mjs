// Checks webhook deliveries with the official Standard Webhooks library, as a
// receiver would. Used by the API tests (crates/server/tests/api/webhooks.rs).
//
//   node verify-webhooks.mjs <deliveries.json> <secret> [<secret>…]
//
// deliveries.json: [{"headers": {"webhook-id", "webhook-timestamp",
// "webhook-signature"}, "body": "<raw body>"}, …]. Every delivery must verify
// with every secret given. Prints {"verified": n} and exits 0, or names the
// first failure and exits 1.
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const [file, ...secrets] = process.argv.slice(2);
if (!file || secrets.length === 0) {
  console.error("usage: node verify-webhooks.mjs <deliveries.json> <secret> [<secret>…]");
  process.exit(2);
}
const deliveries = JSON.parse(readFileSync(file, "utf8"));
let verified = 0;
for (const [i, d] of deliveries.entries()) {
  for (const secret of secrets) {
    try {
      const payload = new Webhook(secret).verify(d.body, d.headers);
      if (payload.type === undefined || payload.data === undefined) {
        throw new Error("the body has no type or data");
      }
    } catch (e) {
      console.error(`delivery ${i} (${d.headers["webhook-id"]}) does not verify: ${e.message}`);
      process.exit(1);
    }
  }
  verified += 1;
}
console.log(JSON.stringify({ verified }));
