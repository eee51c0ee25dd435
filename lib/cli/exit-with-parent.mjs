// Preloaded (node --import) into the Next.js server that `wb dev` and
// `wb start` run: when `wb` dies, even by kill -9, this server must not go
// on answering against a database that died with it. `wb` passes its pid in
// WB_PARENT_PID; once this process's parent is another (it was reparented),
// it stops the way Ctrl+C stops it.
//
// Watching process.ppid rather than an IPC channel or a stdin pipe: it needs
// no descriptor that some other process could inherit and keep open (a pipe
// held by a grandchild never closes), it leaves Next's stdin and its own use
// of process.send alone, and it works however the parent died. The price is
// half a second of delay.
const parent = Number(process.env.WB_PARENT_PID);
// Next's own workers are this process's children: they watch nothing.
delete process.env.WB_PARENT_PID;

const POLL_MS = 500;
// Time for Next to close its server on SIGTERM before exiting regardless.
const GRACE_MS = 5000;

if (parent) {
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, "SIGTERM");
    setTimeout(() => process.exit(1), GRACE_MS).unref();
  }, POLL_MS);
  timer.unref();
}
