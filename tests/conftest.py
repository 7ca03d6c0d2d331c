import pytest


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user("editor", password="a-long-test-password", is_staff=True)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "a-long-test-password")
