/** Set once localStorage failed (disabled, blocked or full): this page then keeps its state in memory. */
let memory: Record<string, unknown> | undefined;

export function load(key: string): unknown {
  if (!memory)
    try {
      return JSON.parse(localStorage.getItem(key) as string);
    } catch {
      memory = {};
    }
  return memory[key];
}

export function save(key: string, value: unknown): void {
  if (!memory)
    try {
      return localStorage.setItem(key, JSON.stringify(value));
    } catch {
      memory = {};
    }
  memory[key] = value;
}
