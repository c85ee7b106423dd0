// The 复制 button of a newly created API token (/console/tokens): copies the token shown once.
// The page works without it (the token is in a read-only field, ready to select).
for (const button of document.querySelectorAll('button.copy-token')) {
  const field = document.getElementById(button.dataset.target);
  const status = button.parentElement.querySelector('.copy-status');
  if (!field || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = '已复制';
    } catch {
      field.select();
      status.textContent = '无法自动复制，请按 Ctrl+C 复制已选中的令牌';
    }
  });
}
