async function find(users, req) {
  // ruleid: javascript.injection.nosql-where
  await users.find({ $where: "this.name == '" + req.query.name + "'" });
  // ruleid: javascript.injection.nosql-where
  await users.find({ active: true, $where: `this.age > ${req.query.age}` });
  // ok: javascript.injection.nosql-where
  await users.find({ name: String(req.query.name) });
  // ok: javascript.injection.nosql-where
  await users.find({ $where: "this.credits > this.debits" });
}
