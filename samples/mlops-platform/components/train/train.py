"""Train the churn classifier: tabular features from the feature store plus an embedding of the last support ticket."""
import argparse

import joblib
import mlflow
import mlflow.sklearn
import pandas as pd
from sentence_transformers import SentenceTransformer
from sklearn.ensemble import GradientBoostingClassifier


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--features", required=True)
    parser.add_argument("--output-model", required=True)
    args = parser.parse_args()

    customers = pd.read_csv(args.data)
    encoder = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
    tickets = encoder.encode(customers["last_ticket"].fillna("").tolist())
    features = pd.concat([customers.drop(columns=["last_ticket", "churned"]), pd.DataFrame(tickets)], axis=1)

    model = GradientBoostingClassifier(n_estimators=300, max_depth=3)
    model.fit(features, customers["churned"])

    with mlflow.start_run():
        mlflow.sklearn.log_model(model, artifact_path="model")
    joblib.dump(model, "/tmp/model.joblib")


if __name__ == "__main__":
    main()
