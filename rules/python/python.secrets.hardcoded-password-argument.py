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


class AccountTests:
    def setUp(self):
        # ok: python.secrets.hardcoded-password-argument
        self.user = User.objects.create_user(username="staff", password="password")
        # ok: python.secrets.hardcoded-password-argument
        self.admin = User.objects.create_superuser(username="super", password="secret", email="a@b.c")

    def test_login(self):
        # ok: python.secrets.hardcoded-password-argument
        self.client.login(username="staff", password="password")
        # ok: python.secrets.hardcoded-password-argument
        authenticate(username="staff", password="bad")

    def mail(self, smtp):
        # ruleid: python.secrets.hardcoded-password-argument
        smtp.login(user="mailer", password="M4il3r-pass")

    def test_models(self):
        # ok: python.secrets.hardcoded-password-argument
        user = User.objects.create(username="joe", password="qwerty")
        # ok: python.secrets.hardcoded-password-argument
        encoded = make_password(password="letmein")
        return user, encoded
