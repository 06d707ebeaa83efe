"""QuerySets any app's models can use."""

from django.db import models


def one_or_none(queryset: models.QuerySet):
    """The record a lookup of a unique field finds, or None: `.first()` without the
    ordering it adds, which costs more to compile than the query takes to run."""
    return next(iter(queryset.order_by()[:1]), None)


class RecordById:
    """A record of a page by its id, for a page rendered from parts kept per data version:
    `records()` reads every record of the page at once ({id: record}), and is called only
    when something of a record is asked for (a part rendered afresh)."""

    def __init__(self, pk: int, records):
        self.pk = pk
        self._records = records

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._records()[self.pk], name)


class CountsQuerySet(models.QuerySet):
    def with_counts(self, **relations: str | tuple[str, models.Q]):
        """Annotate each row with COUNT(DISTINCT relation), one correlated subquery per
        name: annotating several joined Counts instead would multiply the joins into
        each other (links × roadmap rows), which grows with the square of the data.
        A relation given as (relation, condition) counts only the rows of the last table
        its reverse steps lead to that meet the condition (published links, say).

        Each subquery counts in the last table the relation's reverse steps lead to (a
        link table, the roadmap rows), keeping the rows whose key is among those of the
        step before: the database then reads that table's index for this row, instead
        of joining every table on the way for all of their rows.
        """
        counts = {}
        for name, given in relations.items():
            relation, condition = (given, None) if isinstance(given, str) else given
            counts[name] = self._count_subquery(relation, condition)
        return self.annotate(**counts)

    def _count_subquery(self, relation: str, condition: models.Q | None = None):
        steps = relation.split("__")
        model, chain = self.model, []
        while steps:
            field = model._meta.get_field(steps[0])
            if field.concrete or not (field.one_to_many or field.one_to_one):
                break
            model = field.related_model
            chain.append((model, field.remote_field.name, field.one_to_one))
            steps.pop(0)
        if not chain:
            raise ValueError(f"{relation}: counts start from a reverse relation")
        # The first step is nested deepest: its reference to this row crosses every level.
        reference = models.OuterRef("pk")
        for _ in chain[1:]:
            reference = models.OuterRef(reference)
        first_model, first_key, single = chain[0]
        rows = first_model._base_manager.filter(**{first_key: reference})
        for step_model, key, one_to_one in chain[1:]:
            # After one-to-one steps only, the keys are one at most: a comparison with it
            # reads the index, where IN would have the planner join the whole table.
            if single:
                keys = models.Subquery(rows.order_by().values("pk"))
                rows = step_model._base_manager.filter(**{key: keys})
            else:
                keys = rows.order_by().values("pk")
                rows = step_model._base_manager.filter(**{f"{key}__in": keys})
            single = single and one_to_one
        if condition is not None:
            rows = rows.filter(condition)
        # COUNT as a plain function, not an aggregate: no GROUP BY, so always one row. The
        # rows themselves are counted with COUNT(*), which an index alone can answer.
        if steps:
            count = models.Func(
                models.F("__".join(steps)),
                template="COUNT(DISTINCT %(expressions)s)",
                output_field=models.IntegerField(),
            )
        else:
            count = models.Func(template="COUNT(*)", output_field=models.IntegerField())
        return models.Subquery(rows.order_by().annotate(count=count).values("count"))
