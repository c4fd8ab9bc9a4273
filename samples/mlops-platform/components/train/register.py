"""Register the run's model as the new 'churn' version and move the 'champion' alias to it."""
import mlflow
from mlflow import MlflowClient

run = mlflow.search_runs(order_by=["start_time DESC"], max_results=1).iloc[0]
version = mlflow.register_model(f"runs:/{run.run_id}/model", "churn")
MlflowClient().set_registered_model_alias("churn", "champion", version.version)
