# escape=`
# expect: TL2010@9 TL4004@12 TL4006@15
# Windows scoring service for Azure OpenAI: backtick continuations, an Azure OpenAI key in ENV, a model pulled
# with ADD and no checksum, and a Flask-style port 5000 (which is also MLflow's).

FROM mcr.microsoft.com/windows/servercore:ltsc2022@sha256:4fc99e0e3532be90caca754da0eb9ecb6a4710b9d29a5944b068fdeade1b6ddf

ENV AZURE_OPENAI_ENDPOINT=https://contoso-ml.openai.azure.com/ `
    AZURE_OPENAI_API_KEY=7d2c9f4e1a8b3c6d0e5f2a9b4c7d1e8f `
    AZURE_OPENAI_DEPLOYMENT=gpt-4o-mini
WORKDIR C:\app
ADD https://models.contoso.com/scorer/v3/model.onnx C:\app\model\
COPY publish\ C:\app\
USER ContainerUser
EXPOSE 5000
ENTRYPOINT ["C:\\app\\Scorer.exe"]
