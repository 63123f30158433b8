// Placeholder: the demo is built in the foundation issue.
return 0;
