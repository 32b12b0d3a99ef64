const session = require("express-session");

app.use(
  // ruleid: javascript.cookies.insecure-cookie-options
  session({ secret: process.env.SECRET, cookie: { secure: false, maxAge: 60000 } })
);

app.get("/login", (req, res) => {
  // ruleid: javascript.cookies.insecure-cookie-options
  res.cookie("sid", req.sessionID, { httpOnly: false });
  // ruleid: javascript.cookies.insecure-cookie-options
  res.cookie("auth", token(), { secure: false, httpOnly: true });
  // ok: javascript.cookies.insecure-cookie-options
  res.cookie("sid", req.sessionID, { httpOnly: true, secure: true, sameSite: "lax" });
  // ok: javascript.cookies.insecure-cookie-options
  res.clearCookie("old", { secure: false });
  res.send("ok");
});
