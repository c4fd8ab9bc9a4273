"""Feature definitions for the churn model (feast apply)."""
from datetime import timedelta

from feast import Entity, FeatureView, Field, RedshiftSource
from feast.types import Float32, Int64

customer = Entity(name="customer", join_keys=["customer_id"])

activity = FeatureView(
    name="customer_activity",
    entities=[customer],
    ttl=timedelta(days=30),
    schema=[Field(name="logins_30d", dtype=Int64), Field(name="tickets_30d", dtype=Int64), Field(name="spend_90d", dtype=Float32)],
    source=RedshiftSource(table="crm.customer_activity", timestamp_field="event_ts"),
)
