# expect: TL4005@13 TL2010@14 TL4005@16 TL4006@20 TL4006@20 TL4006@21 TL4006@21 TL4006@22 TL4006@22
# A "data science workbench" image: Ray head node with JupyterLab, TensorBoard and SSH in one container,
# every control plane exposed, a notebook token and a W&B key baked in.
FROM rayproject/ray:2.37.0-py311-cpu@sha256:4cc4c2fc734a3f50b6830fa0ec3d87f8a5b3bb8e603b5350a55e4755ab4d5b18

USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssh-server \
    && mkdir /run/sshd \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir jupyterlab==4.2.5 tensorboard==2.17.1 wandb==0.18.3

ENV JUPYTER_TOKEN=Vq7mX2pL9rT4wZ8k \
    WANDB_API_KEY=3f9a7c2e1b8d4f6a0c5e9b7d2a4f8c1e6b3d9a70 \
    WANDB_PROJECT=churn-model
COPY --chown=ray:users id_ed25519 /home/ray/.ssh/id_ed25519
COPY --chown=ray:users notebooks/ /home/ray/notebooks/

USER ray
EXPOSE 22 6006 \
       8265 8888 \
       6379 10001
CMD ["bash", "-c", "ray start --head --dashboard-host=0.0.0.0 && jupyter lab --ip=0.0.0.0 --no-browser"]
