import os

import boto3
import psycopg2


def connect():
    # ruleid: python.secrets.hardcoded-password-argument
    a = psycopg2.connect(host="db", user="app", password="s3cr3t!")
    # ruleid: python.secrets.hardcoded-password-argument
    b = boto3.client("s3", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    return a, b


def safe():
    # ok: python.secrets.hardcoded-password-argument
    a = psycopg2.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])
    # ok: python.secrets.hardcoded-password-argument
    b = psycopg2.connect(host="db", user="app", password="")
    # ok: python.secrets.hardcoded-password-argument
    c = psycopg2.connect(host="db", user="app", password="${DB_PASSWORD}")
    # ok: python.secrets.hardcoded-password-argument
    d = psycopg2.connect(host="db", user="app", dbname="accounts")
    return a, b, c, d
