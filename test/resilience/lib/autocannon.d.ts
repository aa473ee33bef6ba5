// The part of autocannon's API the load test uses (the package ships no types).
declare module "autocannon" {
  type TRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer };
  type THistogram = { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p97_5: number; p99: number; p99_9?: number };
  export type TAutocannonResult = {
    requests: THistogram & { total: number; sent: number };
    latency: THistogram;
    throughput: THistogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    statusCodeStats: Record<string, { count: number }>;
    "2xx": number;
  };
  export type TAutocannonOptions = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    pipelining?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      setupRequest?: (request: TRequest, context: Record<string, unknown>) => TRequest;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
    }[];
  };
  export default function autocannon(opts: TAutocannonOptions): Promise<TAutocannonResult> & { stop: () => void };
}
