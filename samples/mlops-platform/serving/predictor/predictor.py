"""A/B predictor: loads the candidate model from the shared volume and scores requests with it."""
import joblib
import kserve


class ChurnCandidate(kserve.Model):
    def __init__(self, name: str):
        super().__init__(name)
        self.model = None

    def load(self):
        self.model = joblib.load("/mnt/models/candidate.joblib")
        self.ready = True

    def predict(self, payload, headers=None):
        return {"predictions": self.model.predict_proba(payload["instances"]).tolist()}


if __name__ == "__main__":
    kserve.ModelServer().start([ChurnCandidate("churn-candidate")])
