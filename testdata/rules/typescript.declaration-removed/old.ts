export interface Order {
  id: string;
}

export interface Legacy {
  id: string;
}
