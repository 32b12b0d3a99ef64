require "jwt"

def current_user(token)
  # ruleid: ruby.jwt.verification-disabled
  payload, = JWT.decode(token, nil, false)
  # ruleid: ruby.jwt.verification-disabled
  unsigned = JWT.encode({ sub: 1 }, nil, "none")
  # ok: ruby.jwt.verification-disabled
  verified, = JWT.decode(token, ENV.fetch("JWT_SECRET"), true, algorithm: "HS256")
  # ok: ruby.jwt.verification-disabled
  signed = JWT.encode({ sub: 1 }, ENV.fetch("JWT_SECRET"), "HS256")
  [payload, unsigned, verified, signed]
end
