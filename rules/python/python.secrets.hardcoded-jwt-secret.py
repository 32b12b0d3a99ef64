import os

import jwt
from flask import Flask

app = Flask(__name__)
# ruleid: python.secrets.hardcoded-jwt-secret
app.config["SECRET_KEY"] = "dev-secret-please-change"
# ok: python.secrets.hardcoded-jwt-secret
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]


def issue(user_id):
    # ruleid: python.secrets.hardcoded-jwt-secret
    return jwt.encode({"sub": user_id}, "change-me", algorithm="HS256")


def check(token, key):
    # ok: python.secrets.hardcoded-jwt-secret
    return jwt.decode(token, key, algorithms=["HS256"])
