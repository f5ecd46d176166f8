export interface Order {
  id: string;
}

export type State = 'open' | 'closed';
