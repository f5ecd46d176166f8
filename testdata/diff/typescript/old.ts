// Written one way, then another: only the marked changes are real.
export interface Base {
  id: string;
  createdAt: string;
}

export interface Order extends Base {
  status: 'open' | 'closed';
  customer: { name: string; email: string };
  lines: Array<{ sku: string; qty: number }>;
  note?: string;
}

export type Draft = Partial<Order>;

export class Client {
  constructor(url: string);
  fetch(id: string): Promise<Order>;
  private cache: Map<string, Order>;
}

export function total(order: Order): number;
export function total(order: Order, currency: string): number;
