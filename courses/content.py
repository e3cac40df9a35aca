"""Reads the training modules' source text (content/modules/<slug>/, one YAML file per lesson) into
the shapes the page models take. Text blocks are written in Markdown and stored as rich text."""

from dataclasses import dataclass
from pathlib import Path

import markdown
import yaml
from django.conf import settings

MODULE_ROOT = Path(settings.BASE_DIR) / "content" / "modules"


@dataclass
class LessonSource:
    slug: str
    title: str
    summary: str
    body: list


@dataclass
class ModuleSource:
    slug: str
    title: str
    summary: str
    what_you_will_learn: list
    job_role_slugs: list
    estimated_minutes: int
    validity_months: int
    sources: list
    lessons: list
    folder: Path


def markdown_to_html(text):
    return markdown.markdown(text.strip(), output_format="html")


def block_from_yaml(item):
    kind = item["type"]
    if kind == "text":
        return (kind, markdown_to_html(item["value"]))
    return (kind, {key: value for key, value in item.items() if key != "type"})


def read_lesson(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    body = [block_from_yaml(item) for item in data["body"]]
    return LessonSource(data["slug"], data["title"], data.get("summary", ""), body)


def read_module(folder):
    data = yaml.safe_load((folder / "course.yaml").read_text(encoding="utf-8"))
    lessons = [read_lesson(path) for path in sorted((folder / "lessons").glob("*.yaml"))]
    return ModuleSource(
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        what_you_will_learn=data["what_you_will_learn"],
        job_role_slugs=data["job_roles"],
        estimated_minutes=data["estimated_minutes"],
        validity_months=data["validity_months"],
        sources=data["sources"],
        lessons=lessons,
        folder=folder,
    )


def read_modules(root=MODULE_ROOT):
    return [read_module(folder) for folder in sorted(root.iterdir()) if (folder / "course.yaml").exists()]
