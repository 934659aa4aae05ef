"""Take Wagtail's default "Moderators approval" workflow and its task out of use."""

from django.db import migrations

#: Created by Wagtail's migrations (``wagtailcore.0048_add_default_workflows``), in English.
DEFAULT_WORKFLOW = "Moderators approval"


def retire_default_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    workflows = Workflow.objects.filter(name=DEFAULT_WORKFLOW)
    tasks = Task.objects.filter(name=DEFAULT_WORKFLOW)
    WorkflowState.objects.filter(workflow__in=workflows, status="in_progress").update(
        status="cancelled"
    )
    TaskState.objects.filter(task__in=tasks, status="in_progress").update(status="cancelled")
    WorkflowPage.objects.filter(workflow__in=workflows).delete()
    WorkflowContentType.objects.filter(workflow__in=workflows).delete()
    workflows.update(active=False)
    tasks.update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0048_add_default_workflows"),
        ("workflows", "0003_page_unpublished_index"),
    ]

    operations = [migrations.RunPython(retire_default_workflow, migrations.RunPython.noop)]
