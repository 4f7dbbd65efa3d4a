// A TCP server that accepts and never writes: the prober's greeting deadline must fire.
import net from "node:net";

export interface SilentServer {
  host: string;
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections still open now (the prober must close its side when it gives up). */
  readonly open: number;
  /** Bytes the client sent (e.g. to assert it said nothing before a greeting). */
  readonly received: Buffer;
  close(): Promise<void>;
}

export async function startSilentServer(host: string, port: number): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  const chunks: Buffer[] = [];
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  let closing: Promise<void> | null = null;
  return {
    host,
    port: typeof address === "object" && address ? address.port : port,
    get accepted() {
      return accepted;
    },
    get open() {
      return sockets.size;
    },
    get received() {
      return Buffer.concat(chunks);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
