from fastapi.middleware.cors import CORSMiddleware
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
# ruleid: python.config.cors-any-origin-with-credentials
CORS(app, supports_credentials=True)
# ruleid: python.config.cors-any-origin-with-credentials
CORS(app, origins="*", supports_credentials=True)
# ok: python.config.cors-any-origin-with-credentials
CORS(app, origins=["https://app.example.com"], supports_credentials=True)
# ok: python.config.cors-any-origin-with-credentials
CORS(app)

api = make_api()
# ruleid: python.config.cors-any-origin-with-credentials
api.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)
# ok: python.config.cors-any-origin-with-credentials
api.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)

CORS_ALLOW_CREDENTIALS = True
# ruleid: python.config.cors-any-origin-with-credentials
CORS_ALLOW_ALL_ORIGINS = True
