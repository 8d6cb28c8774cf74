from django.db import models


class PublishedVersion(models.Model):
    """One row: the public content's version (content_version.py), kept beside the content it describes."""

    token = models.CharField(max_length=32)
    changed_at = models.BigIntegerField(help_text="When published content last changed, in whole Unix seconds.")

    class Meta:
        db_table = "onestockport_published_version"

    def __str__(self) -> str:
        return self.token
