"""Pieces every content model shares: timestamps, publication status and change history."""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class EditConflict(Exception):
    """A save based on an out-of-date copy: someone else saved the row in between."""

    def __init__(self, obj):
        self.obj = obj
        name = obj._meta.verbose_name
        super().__init__(
            f"This {name} was changed by someone else after you opened it. Reload it to see their changes, "
            f"then apply yours again."
        )


class TimeStampedModel(models.Model):
    """Created and modified times and an edit version.

    `modified_at` drives incremental sync (`modified_after`). `version` is optimistic locking: a save must
    carry the version it was read at, and is refused with EditConflict when the row has moved on, so two
    editors saving the same entry never silently overwrite each other.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up by one on every save; a save based on an older version is refused."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        manager = type(self)._default_manager
        with transaction.atomic(using=kwargs.get("using")):
            claimed = manager.filter(pk=self.pk, version=self.version).update(version=F("version") + 1)
            if not claimed and manager.filter(pk=self.pk).exists():
                raise EditConflict(self)
            self.version = self.version + 1 if claimed else self.version
            super().save(*args, **kwargs)


class ContentQuerySet(models.QuerySet):
    def published(self):
        """Only what the public may see."""
        return self.filter(status=PublicationStatus.PUBLISHED)


class PublishableModel(TimeStampedModel):
    """Content with a draft/published status: the public site and API show published rows only."""

    status = models.CharField(
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text="Only published entries appear on the public site and API.",
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED
