"""The line `signoff project create` prints, as the README's guide shows it: a client whose name
ends with a full stop ("Acme Co.") ends the sentence once, in either language."""

from __future__ import annotations

from tests.adapters.conftest import Signoff


def test_a_client_ending_with_a_dot_gets_one_full_stop(signoff: Signoff) -> None:
    out = signoff.ok("project", "create", "acme", "--name", "Acme rebrand", "--client", "Acme Co.")

    assert out.strip() == "Created project acme: Acme rebrand for Acme Co."


def test_a_client_without_a_dot_still_gets_its_full_stop(signoff: Signoff) -> None:
    out = signoff.ok("project", "create", "beta", "--name", "Beta site", "--client", "Beta Ltd")

    assert out.strip() == "Created project beta: Beta site for Beta Ltd."


def test_the_chinese_line_keeps_the_clients_own_dot(signoff: Signoff) -> None:
    argv = ("--name", "Acme rebrand", "--client", "Acme Co.", "--locale", "zh-CN")
    out = signoff.ok("project", "create", "acme", *argv)

    assert out.strip() == "已创建项目“Acme rebrand”（客户：Acme Co.，项目标识：acme）。"
