// Minimal typings for the parts of node-zookeeper-client 1.1.3 this package uses.
declare module 'node-zookeeper-client' {
  interface ZkClient {
    connect(): void;
    close(): void;
    once(event: 'connected', listener: () => void): this;
    getChildren(path: string, callback: (error: Error | null, children: string[]) => void): void;
    getData(path: string, callback: (error: Error | null, data: Buffer | undefined) => void): void;
  }
  function createClient(
    connectionString: string,
    options?: { sessionTimeout?: number; spinDelay?: number; retries?: number },
  ): ZkClient;
  const zookeeper: { createClient: typeof createClient };
  export default zookeeper;
}
