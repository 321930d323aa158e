// The nginx configuration in front of the instances; the README's multi-machine
// upstream is the same with other addresses.

/** A whole nginx.conf: nginx in the foreground, its files under `workDir`. */
export function nginxConfig({ listenPort, upstreams, workDir }) {
  const servers = upstreams
    .map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`)
    .join('\n');
  return `daemon off;
worker_processes 1;
pid ${workDir}/nginx.pid;
error_log ${workDir}/nginx-error.log warn;
events { worker_connections 4096; }

http {
  access_log off;
  client_body_temp_path ${workDir}/client-body;
  proxy_temp_path ${workDir}/proxy;
  fastcgi_temp_path ${workDir}/fastcgi;
  uwsgi_temp_path ${workDir}/uwsgi;
  scgi_temp_path ${workDir}/scgi;
  # The app bounds request bodies itself (64 kB); nginx only must not refuse first.
  client_max_body_size 64k;
  # Bodies and answers stay in memory, never in temporary files: nginx's workers
  # (another user when it is started as root) could not write under workDir.
  client_body_buffer_size 64k;
  proxy_max_temp_file_size 0;
  # Long URLs (a sync cursor grows with the rooms) are the app's to refuse, not nginx's 8 kB.
  large_client_header_buffers 4 32k;
  # What nginx refuses itself, in the API's JSON error shape (see the error pages below).
  map $status $status_text {
    400 'Bad Request';
    413 'Payload Too Large';
    414 'URI Too Long';
    default 'Service Unavailable';
  }

  upstream chat {
${servers}
    keepalive 64;
  }

  server {
    listen 127.0.0.1:${listenPort};

    # What nginx answers itself (a malformed request, no instance left) is in the API's
    # JSON error shape too; the instances' own errors pass through as they are.
    error_page 400 413 414 /.errors/refused.json;
    error_page 502 503 504 =503 /.errors/503.json;
    location = /.errors/refused.json {
      internal;
      default_type application/json;
      return 200 '{"statusCode":$status,"message":"Malformed or oversized request","error":"$status_text"}';
    }
    location = /.errors/503.json {
      internal;
      default_type application/json;
      add_header Retry-After 5 always;
      return 200 '{"statusCode":503,"message":"No instance answers: try again in a few seconds","error":"Service Unavailable"}';
    }

    location / {
      proxy_pass http://chat;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      # nginx is the first proxy: what a client says it forwarded is not passed on.
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      # One id per request, in nginx's log and the app's.
      proxy_set_header X-Request-Id $request_id;
      # An instance that is stopping (refused or reset) hands the request to another;
      # nginx retries only what is safe to repeat (not a POST once sent). Not a 503: the
      # app says so when its database is overloaded, where repeating adds to it.
      proxy_next_upstream error timeout http_502;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
    }
  }
}
`;
}
