import { Collection } from "mongodb";

export async function find(users: Collection, name: string): Promise<void> {
  // ruleid: typescript.injection.nosql-where
  await users.find({ $where: "this.name == '" + name + "'" }).toArray();
  // ok: typescript.injection.nosql-where
  await users.find({ name }).toArray();
  // ok: typescript.injection.nosql-where
  await users.find({ $where: "this.a > this.b" }).toArray();
}

export async function other(users: Collection, expr: string): Promise<void> {
  // ruleid: typescript.injection.nosql-where
  await users.find({ $where: expr }).toArray();
}
