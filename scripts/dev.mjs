#!/usr/bin/env node
// `npm run dev`: the server under `tsx watch` (restarts on change) and the
// Vite dev server (hot reload) side by side. Open http://localhost:5173;
// Vite proxies each room's WebSocket and /healthz, /metrics to the server
// (see vite.config.ts). PORT sets the server's port (default 8080).
import { spawn } from 'node:child_process';

const port = process.env.PORT || '8080';
const env = { ...process.env, PORT: port };
const children = [spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/main.ts'], { stdio: 'inherit', env }), spawn('npx', ['vite'], { stdio: 'inherit', env })];

let isStopping = false;
function stop(code = 0) {
  if (isStopping) return;
  isStopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
