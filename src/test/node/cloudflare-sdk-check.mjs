// Drives the official Cloudflare TypeScript SDK against the gateway's management and Logs APIs.
// Usage: GATEWAY_URL=http://127.0.0.1:8080 ADMIN_TOKEN=... GATEWAY_ID=sdk-x node cloudflare-sdk-check.mjs
// Prints one JSON object with what the SDK saw; exits non-zero when a step throws.
import Cloudflare from 'cloudflare';

const base = process.env.GATEWAY_URL.replace(/\/$/, '');
const account_id = process.env.ACCOUNT_ID ?? 'acct';
const id = process.env.GATEWAY_ID;
const client = new Cloudflare({ apiToken: process.env.ADMIN_TOKEN, baseURL: `${base}/client/v4`, maxRetries: 0 });
const out = {};

const created = await client.aiGateway.create({
  account_id,
  id,
  cache_invalidate_on_update: false,
  cache_ttl: 0,
  collect_logs: true,
  rate_limiting_interval: 0,
  rate_limiting_limit: 0,
  rate_limiting_technique: 'fixed',
});
out.created = { id: created.id, collect_logs: created.collect_logs };

// auto-pagination over small pages
out.listed = [];
for await (const g of client.aiGateway.list({ account_id, per_page: 3 })) {
  out.listed.push(g.id);
}
out.fetched = (await client.aiGateway.get(id, { account_id })).id;

// proxy one request through the gateway's URL, as an application would
const url = await client.aiGateway.urls.get('openai', { account_id, gateway_id: id });
out.url = url;
const proxied = await fetch(`${url}/v1/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sdk-check' },
  body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
});
out.proxiedStatus = proxied.status;
out.logId = proxied.headers.get('cf-aig-log-id');

// the row is written in the background: poll the Logs API like a dashboard would
const deadline = Date.now() + 15000;
let logs = [];
while (Date.now() < deadline) {
  logs = [];
  for await (const log of client.aiGateway.logs.list(id, {
    account_id,
    filters: [{ key: 'provider', operator: 'eq', value: ['openai'] }],
    meta_info: true,
  })) {
    logs.push(log);
  }
  if (logs.length > 0) break;
  await new Promise((r) => setTimeout(r, 200));
}
out.logs = logs.map((l) => ({ id: l.id, provider: l.provider, model: l.model, status_code: l.status_code }));
if (out.logId) {
  const one = await client.aiGateway.logs.get(out.logId, { account_id, gateway_id: id });
  out.log = { id: one.id, tokens_in: one.tokens_in, tokens_out: one.tokens_out };
  const edited = await client.aiGateway.logs.edit(out.logId, { account_id, gateway_id: id, feedback: 1, score: 80 });
  out.edited = edited !== undefined;
}

try {
  await new Cloudflare({ apiToken: 'wrong', baseURL: `${base}/client/v4`, maxRetries: 0 }).aiGateway.get(id, {
    account_id,
  });
  out.wrongToken = 'accepted';
} catch (e) {
  out.wrongToken = e.constructor.name + ' ' + e.status;
}

out.deleted = (await client.aiGateway.delete(id, { account_id })).id;
console.log(JSON.stringify(out));
