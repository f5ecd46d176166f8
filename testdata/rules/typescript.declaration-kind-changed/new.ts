export interface Order {
  id: string;
}

export interface State {
  open: boolean;
}
