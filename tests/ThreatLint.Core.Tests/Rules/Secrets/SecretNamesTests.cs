using ThreatLint.Rules.Secrets;

namespace ThreatLint.Core.Tests.Rules.Secrets;

public class SecretNamesTests
{
    [TestCase("HF_TOKEN", "a Hugging Face token")]
    [TestCase("HUGGING_FACE_HUB_TOKEN", "a Hugging Face token")]
    [TestCase("HUGGINGFACEHUB_API_TOKEN", "a Hugging Face token")]
    [TestCase("hf-token", "a Hugging Face token")]
    [TestCase("hfToken", "a Hugging Face token")]
    [TestCase("WANDB_API_KEY", "a Weights & Biases API key")]
    [TestCase("OPENAI_API_KEY", "an OpenAI API key")]
    [TestCase("AZURE_OPENAI_API_KEY", "an Azure OpenAI key")]
    [TestCase("AWS_SECRET_ACCESS_KEY", "an AWS secret access key")]
    [TestCase("KAGGLE_KEY", "a Kaggle API key")]
    [TestCase("MLFLOW_TRACKING_PASSWORD", "an MLflow tracking password")]
    [TestCase("GITHUB_TOKEN", "a token")]
    [TestCase("JWT_SECRET", "a secret")]
    [TestCase("AZURE_CLIENT_SECRET", "a secret")]
    [TestCase("DB_PASSWORD", "a password")]
    [TestCase("DBPASSWORD", "a password")]
    [TestCase("POSTGRES_PASSWORD", "a password")]
    [TestCase("REDIS_PASS", "a password")]
    [TestCase("PASSWORD", "a password")]
    [TestCase("SMTP_PASSWORD_VALUE", "a password")]
    [TestCase("PINECONE_API_KEY", "a Pinecone API key")]
    [TestCase("MY_SERVICE_API_KEY", "an API key")]
    [TestCase("apiKey", "an API key")]
    [TestCase("api_key", "an API key")]
    [TestCase("MINIO_ACCESS_KEY", "an access key")]
    [TestCase("MINIO_SECRET_KEY", "a secret key")]
    [TestCase("SSH_PRIVATE_KEY", "a private key")]
    [TestCase("GCP_CREDENTIALS", "credentials")]
    [TestCase("GOOGLE_APPLICATION_CREDENTIALS", "credentials")]
    [TestCase("CLIENT_APIKEY", "an API key")]
    [TestCase("GPG_PASSPHRASE", "a passphrase")]
    public void Secret_names_say_what_they_hold(string name, string what)
    {
        Assert.Multiple(() =>
        {
            Assert.That(SecretNames.Describe(name), Is.EqualTo(what));
            Assert.That(SecretNames.LooksSecret(name), Is.True);
        });
    }

    [TestCase("AWS_ACCESS_KEY_ID")]
    [TestCase("KEY_ID")]
    [TestCase("OAUTH_TOKEN_URL")]
    [TestCase("HF_TOKEN_PATH")]
    [TestCase("HF_TOKEN_FILE")]
    [TestCase("DB_PASSWORD_FILE")]
    [TestCase("PASSWORD_MIN_LENGTH")]
    [TestCase("SECRET_NAME")]
    [TestCase("MAX_TOKENS")]
    [TestCase("MAX_NEW_TOKENS")]
    [TestCase("MAX_TOTAL_TOKENS")]
    [TestCase("TOKENIZERS_PARALLELISM")]
    [TestCase("TOKENIZER_NAME")]
    [TestCase("HF_HOME")]
    [TestCase("MODEL_ID")]
    [TestCase("PYTHONUNBUFFERED")]
    [TestCase("KEY")]
    [TestCase("CACHE_KEY")]
    [TestCase("PRIMARY_KEY")]
    [TestCase("AZURE_OPENAI_ENDPOINT")]
    [TestCase("AZURE_OPENAI_DEPLOYMENT")]
    [TestCase("")]
    [TestCase("__")]
    public void Other_names_are_not_secret(string name)
    {
        Assert.That(SecretNames.Describe(name), Is.Null);
    }
}
