// socket.io-client 2.x ships no types; this is the part of its API Volley uses (installed under an npm alias).
declare module "socket.io-client-v2" {
  export interface SocketV2 {
    readonly id: string;
    readonly connected: boolean;
    readonly io: { readonly engine: { readonly transport: { readonly name: string } } };
    on(event: string, fn: (...args: unknown[]) => void): SocketV2;
    once(event: string, fn: (...args: unknown[]) => void): SocketV2;
    off(event: string, fn?: (...args: unknown[]) => void): SocketV2;
    emit(event: string, ...args: unknown[]): SocketV2;
    open(): SocketV2;
    close(): SocketV2;
    binary(flag: boolean): SocketV2;
  }
  export interface ConnectOptsV2 {
    transports?: string[];
    reconnection?: boolean;
    forceNew?: boolean;
    query?: Record<string, string> | string;
    path?: string;
    timeout?: number;
    transportOptions?: unknown;
    extraHeaders?: Record<string, string>;
    autoConnect?: boolean;
  }
  function io(url: string, opts?: ConnectOptsV2): SocketV2;
  export default io;
}
