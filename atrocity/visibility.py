"""Who sees drafts: the public sees published content only; curators with the view permission see everything."""

from django.db.models import Model, QuerySet


def can_see_drafts(user, model: type[Model]) -> bool:
    """Whether this user may read unpublished rows of the model (editors through the `editors` group)."""
    if user is None or not user.is_authenticated:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def visible_to(queryset: QuerySet, user) -> QuerySet:
    """The rows of a publishable queryset this user may read."""
    return queryset if can_see_drafts(user, queryset.model) else queryset.published()
