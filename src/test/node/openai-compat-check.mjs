// Drives the official OpenAI TypeScript SDK (npm `openai`, v6) against the gateway's unified API
// (…/compat/chat/completions) reaching an Anthropic and a Gemini target (fakes behind the gateway).
// Usage: GATEWAY_URL=http://127.0.0.1:8080 node openai-compat-check.mjs
// Prints one JSON object with what the SDK parsed; exits non-zero when a step throws.
import OpenAI from 'openai';

const base = process.env.GATEWAY_URL.replace(/\/$/, '');
const out = {};

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather of a city',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
};

async function plain(client, model) {
  const c = await client.chat.completions.create({
    model,
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello' }],
  });
  return { content: c.choices[0].message.content, finish: c.choices[0].finish_reason, usage: c.usage, id: c.id };
}

async function streamed(client, model, tools) {
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Say hello' }],
    stream: true,
    stream_options: { include_usage: true },
    ...(tools ? { tools } : {}),
  });
  let text = '';
  let finish = null;
  let usage = null;
  const calls = {};
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      text += choice.delta.content ?? '';
      finish = choice.finish_reason ?? finish;
      for (const call of choice.delta.tool_calls ?? []) {
        const c = (calls[call.index] ??= { id: '', name: '', arguments: '' });
        c.id += call.id ?? '';
        c.name += call.function?.name ?? '';
        c.arguments += call.function?.arguments ?? '';
      }
    }
  }
  return { text, finish, usage, chunks, calls: Object.values(calls) };
}

async function toolRoundTrip(client, model) {
  const messages = [{ role: 'user', content: 'Weather in Paris?' }];
  const first = await client.chat.completions.create({ model, messages, tools: [weather], tool_choice: 'auto' });
  const message = first.choices[0].message;
  const call = message.tool_calls[0];
  const args = JSON.parse(call.function.arguments); // the SDK's caller parses the arguments as JSON
  messages.push(message);
  messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify({ temperature: 18 }) });
  const second = await client.chat.completions.create({ model, messages, tools: [weather] });
  return {
    finish: first.choices[0].finish_reason,
    call: { id: call.id, type: call.type, name: call.function.name, args },
    answer: second.choices[0].message.content,
  };
}

const anthropic = new OpenAI({ apiKey: 'sk-ant-node', baseURL: `${base}/v1/acct/default/compat`, maxRetries: 0 });
out.anthropic = {
  plain: await plain(anthropic, 'anthropic/claude-sonnet-4-5'),
  stream: await streamed(anthropic, 'anthropic/claude-sonnet-4-5'),
  streamedTools: await streamed(anthropic, 'anthropic/claude-sonnet-4-5', [weather]),
  tools: await toolRoundTrip(anthropic, 'anthropic/claude-sonnet-4-5'),
};

const gemini = new OpenAI({ apiKey: 'gemini-node', baseURL: `${base}/compat`, maxRetries: 0 }); // custom-domain form
out.gemini = {
  plain: await plain(gemini, 'google-ai-studio/gemini-2.5-flash'),
  stream: await streamed(gemini, 'google-ai-studio/gemini-2.5-flash'),
  tools: await toolRoundTrip(gemini, 'google-ai-studio/gemini-2.5-flash'),
};

console.log(JSON.stringify(out));
