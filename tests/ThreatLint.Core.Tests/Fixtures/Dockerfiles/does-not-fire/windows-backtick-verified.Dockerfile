# escape=`
# expect: none
# Windows scorer: a runtime installer fetched over verified TLS, pip installs pinned packages, the model comes from
# the build context. Backslashes are paths, the backtick continues lines.
FROM mcr.microsoft.com/windows/servercore:ltsc2022@sha256:3a1b5c7d9e2f4a6b8c0d1e3f5a7b9c2d4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a3b

RUN curl.exe -fsSL -o C:\vc_redist.x64.exe https://aka.ms/vs/17/release/vc_redist.x64.exe ; `
    Start-Process C:\vc_redist.x64.exe -ArgumentList '/install /quiet /norestart' -Wait ; `
    python -m pip install --no-cache-dir onnxruntime==1.19.2 numpy==2.1.1

WORKDIR C:\app
COPY models\ C:\models\
COPY publish\ C:\app\
USER ContainerUser
ENTRYPOINT ["C:\\app\\Scorer.exe"]
