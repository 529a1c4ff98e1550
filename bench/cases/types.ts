export interface BenchCase {
  readonly name: string;
  readonly description: string;
  run(): Promise<Record<string, number | string | boolean>>;
}
