require "jwt"

def issue(user)
  # ruleid: ruby.secrets.hardcoded-jwt-secret
  JWT.encode({ sub: user.id }, "change-me", "HS256")
end

def check(token)
  # ruleid: ruby.secrets.hardcoded-jwt-secret
  JWT.decode(token, "change-me", true, algorithm: "HS256")
end

def good(user, token)
  # ok: ruby.secrets.hardcoded-jwt-secret
  a = JWT.encode({ sub: user.id }, ENV.fetch("JWT_SECRET"), "HS256")
  # ok: ruby.secrets.hardcoded-jwt-secret
  b = JWT.decode(token, nil, true, algorithm: "RS256", jwks: JWKS)
  [a, b]
end
