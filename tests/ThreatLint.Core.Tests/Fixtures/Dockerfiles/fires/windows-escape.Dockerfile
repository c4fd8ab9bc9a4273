# escape=`
# expect: TL4002@5 TL4001@5
# ONNX Runtime scoring service on Windows Server Core: backslashes are path separators, the backtick continues lines.

FROM mcr.microsoft.com/windows/servercore:ltsc2022

SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]

RUN Invoke-WebRequest -Uri https://www.python.org/ftp/python/3.11.9/python-3.11.9-amd64.exe -OutFile C:\python.exe ; `
    Start-Process C:\python.exe -ArgumentList '/quiet InstallAllUsers=1 PrependPath=1' -Wait ; `
    Remove-Item C:\python.exe

WORKDIR C:\app
COPY requirements.txt C:\app\
RUN python -m pip install --no-cache-dir -r C:\app\requirements.txt
COPY score\ C:\app\score\
ENTRYPOINT ["python", "C:\\app\\score\\serve.py"]
