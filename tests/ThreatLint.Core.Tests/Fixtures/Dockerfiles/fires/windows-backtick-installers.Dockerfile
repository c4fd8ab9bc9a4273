# escape=`
# expect: TL4003@7 TL1012@8 TL4007@8
# ONNX Runtime scorer on Windows: Chocolatey installed by piping its installer to iex, and the model zip fetched
# with curl -k and no checksum. Backslashes are paths here; the backtick continues lines.
FROM mcr.microsoft.com/windows/servercore:ltsc2022@sha256:3a1b5c7d9e2f4a6b8c0d1e3f5a7b9c2d4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a3b

RUN iwr https://community.chocolatey.org/install.ps1 -UseBasicParsing | iex ; `
    curl.exe -k -L -o C:\models\scorer.zip https://models.corp.internal/scorer/1.4.0/scorer.zip ; `
    Expand-Archive C:\models\scorer.zip -DestinationPath C:\models

WORKDIR C:\app
COPY publish\ C:\app\
USER ContainerUser
ENTRYPOINT ["C:\\app\\Scorer.exe"]
