import os

# ruleid: python.config.django-debug-true
DEBUG = True
# ruleid: python.config.django-debug-true
TEMPLATE_DEBUG = DEBUG = True

# ok: python.config.django-debug-true
TEMPLATE_DEBUG = False

if os.environ.get("LOCAL"):
    # ok: python.config.django-debug-true
    DEBUG = True


def configure():
    # ok: python.config.django-debug-true
    DEBUG = True
    return DEBUG


# ok: python.config.django-debug-true
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
